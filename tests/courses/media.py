"""Videos made for the tests by FFmpeg's own test sources (through PyAV): no binary files in the repository."""
from pathlib import Path

import av


def phone_video(path: Path, seconds: float = 3, rotation: int = -90, size: str = "640x360",
                audio: bool = True, container: str = "mov") -> bytes:
    """H.264 (and AAC) as a phone records it: landscape pixels and a display rotation saying how to
    turn them (-90: a quarter turn clockwise, a phone held upright). Returns the file's bytes."""
    width, height = map(int, size.split("x"))
    with av.open(str(path), "w", format=container) as out:
        video = out.add_stream("libx264", rate=30)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        if rotation:
            video.set_display_rotation(rotation)
        sound = out.add_stream("aac", rate=44100, layout="mono") if audio else None
        with av.open(f"testsrc2=size={size}:rate=30:duration={seconds}", format="lavfi") as pictures:
            for frame in pictures.decode(video=0):
                out.mux(video.encode(frame))
        out.mux(video.encode(None))
        if sound:
            _tone(out, sound, seconds)
    return path.read_bytes()


def _tone(out, sound, seconds: float) -> None:
    with av.open(f"sine=frequency=440:sample_rate=44100:duration={seconds}", format="lavfi") as source:
        for frame in source.decode(audio=0):
            frame.pts = None  # the encoder counts the samples
            out.mux(sound.encode(frame))
    out.mux(sound.encode(None))


def sound_only(path: Path, seconds: float = 3) -> bytes:
    """An MP4 with sound and no picture: its length reads, but there is nothing to show."""
    with av.open(str(path), "w", format="mp4") as out:
        _tone(out, out.add_stream("aac", rate=44100, layout="mono"), seconds)
    return path.read_bytes()
