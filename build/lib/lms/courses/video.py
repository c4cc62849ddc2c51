"""What a video file says about itself, read with FFmpeg's demuxer (PyAV): never what L&D types."""
import asyncio
from pathlib import Path

import av

MAX_SECONDS = 2 * 60 * 60


def _seconds(path: Path) -> float | None:
    with av.open(str(path)) as container:
        if container.duration:  # the container's header knows it (MP4, most WebM)
            return container.duration / av.time_base
        # a browser's recording may leave it out: the end of the last packet tells
        streams = container.streams.video or container.streams.audio
        if not streams:
            return None
        stream, end = streams[0], 0.0
        for packet in container.demux(stream):
            if packet.pts is not None and packet.time_base is not None:
                end = max(end, float((packet.pts + (packet.duration or 0)) * packet.time_base))
        return end or None


async def length_of(path: Path) -> int | None:
    """The video's length in whole seconds, or None when the file's length cannot be read."""
    try:
        seconds = await asyncio.to_thread(_seconds, path)
    except (av.error.FFmpegError, OSError, ValueError):
        return None
    return round(seconds) if seconds and seconds >= 0.5 else None
