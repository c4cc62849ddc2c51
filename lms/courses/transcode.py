"""Turns an uploaded video (a phone's MP4 or MOV, H.264 or HEVC, a WebM) into one every phone plays:
H.264 and AAC in MP4 with its index (the moov atom) first, so playback starts before the download
ends, turned upright as the phone meant it, its shorter side at most 720 pixels, and a poster taken
from a frame a little into it. FFmpeg does the work through PyAV (its libraries come in the wheel)."""
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import av
import av.filter

SHORT_SIDE = 720  # enough for a phone screen, a fifth of a 1080p file's bytes
VIDEO_OPTIONS = {"preset": "veryfast", "crf": "23", "maxrate": "2500k", "bufsize": "5000k", "profile": "main"}
AUDIO_BITRATE = 128_000
POSTER_AT = 2.0  # seconds in, or a tenth of a shorter video: the first frame is often black
POSTER_QUALITY = 80


class Unreadable(Exception):
    """The file holds no video FFmpeg can decode."""


def _upright(rotation: float) -> list[tuple[str, str]]:
    """The filters that turn a frame upright; rotation is the display matrix's, counter-clockwise."""
    clockwise = round(-rotation) % 360
    return {90: [("transpose", "clock")], 180: [("hflip", ""), ("vflip", "")],
            270: [("transpose", "cclock")]}.get(clockwise, [])


def _size(width: int, height: int) -> tuple[int, int]:
    """Scaled down so the shorter side is at most SHORT_SIDE, both even (H.264's 4:2:0 needs it)."""
    scale = min(1.0, SHORT_SIDE / min(width, height))
    return max(2, round(width * scale / 2) * 2), max(2, round(height * scale / 2) * 2)


class _Pictures:
    """Decoded frames in, upright, scaled yuv420p frames out, through one FFmpeg filter graph built
    from the first frame (the rotation is only known once a frame is decoded)."""

    def __init__(self, stream, first: av.VideoFrame):
        self.graph = av.filter.Graph()
        rotated = _upright(first.rotation)
        width, height = (first.height, first.width) if rotated and rotated[0][0] == "transpose" else \
            (first.width, first.height)
        self.width, self.height = _size(width, height)
        chain = [self.graph.add_buffer(template=stream)]
        for name, argument in [*rotated, ("scale", f"{self.width}:{self.height}"), ("format", "yuv420p")]:
            chain.append(self.graph.add(name, argument))
        chain.append(self.graph.add("buffersink"))
        self.graph.link_nodes(*chain).configure()

    def __call__(self, frame: av.VideoFrame | None) -> list[av.VideoFrame]:
        self.graph.vpush(frame)
        out = []
        while True:
            try:
                out.append(self.graph.vpull())
            except (av.BlockingIOError, av.EOFError):
                return out


def transcode(source: Path, target: Path, poster: Path | None, progress: Callable[[int], None]) -> int:
    """Writes the rendition to `target` (and a JPEG poster, if asked); returns its length in whole
    seconds. `progress` is told the percentage done each time it grows. Raises Unreadable."""
    try:
        with av.open(str(source)) as given, av.open(str(source)) as peek:
            if not given.streams.video:
                raise Unreadable("no video stream")
            first = next(peek.decode(video=0), None)  # its size and rotation shape the output
            if first is None:
                raise Unreadable("no frame could be decoded")
            return _transcode(given, _Pictures(given.streams.video[0], first), target, poster, progress)
    except av.error.FFmpegError as error:
        raise Unreadable(str(error)) from error


def _transcode(given, pictures: _Pictures, target: Path, poster: Path | None,
               progress: Callable[[int], None]) -> int:
    video_in = given.streams.video[0]
    video_in.thread_type = "AUTO"
    audio_in = given.streams.audio[0] if given.streams.audio else None
    length = float(given.duration / av.time_base) if given.duration else 0.0
    poster_at = min(POSTER_AT, length / 10) if length else 0.0
    rate = video_in.average_rate or Fraction(30)
    last_time, last_pts, told = 0.0, -1, -1
    with av.open(str(target), "w", format="mp4", options={"movflags": "+faststart"}) as out:
        video_out = out.add_stream("libx264", rate=rate, options=VIDEO_OPTIONS)
        video_out.pix_fmt = "yuv420p"
        video_out.width, video_out.height = pictures.width, pictures.height
        video_out.codec_context.time_base = video_in.time_base
        audio_out = out.add_stream("aac", rate=48000, layout="stereo") if audio_in else None
        if audio_out:
            audio_out.bit_rate = AUDIO_BITRATE
        for packet in given.demux(*[s for s in (video_in, audio_in) if s]):
            for frame in packet.decode():
                if packet.stream is audio_in:
                    frame.pts = None  # the encoder counts samples itself; inputs' gaps would stall it
                    out.mux(audio_out.encode(frame))
                    continue
                for picture in pictures(frame):
                    if picture.time is not None:
                        last_time = max(last_time, picture.time)
                    if poster and picture.time is not None and picture.time >= poster_at:
                        picture.to_image().save(poster, "JPEG", quality=POSTER_QUALITY)
                        poster = None
                    last_pts = picture.pts = max(picture.pts, last_pts + 1)  # a broken file's repeats
                    out.mux(video_out.encode(picture))
                if length and (done := min(99, int(100 * last_time / length))) > told:
                    told = done
                    progress(done)
        for picture in pictures(None):
            last_pts = picture.pts = max(picture.pts, last_pts + 1)
            out.mux(video_out.encode(picture))
        out.mux(video_out.encode(None))
        if audio_out:
            out.mux(audio_out.encode(None))
    progress(100)
    return max(1, round(last_time + 1 / float(rate)))
