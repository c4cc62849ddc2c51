"""How long converting a phone's video takes (issue 14): a 1080p recording of --minutes, made by
FFmpeg's test sources, converted as `lms videos run-once` converts it (lms/courses/transcode.py).

    .venv/bin/python bench/media.py                  # 5 minutes of 1080p at 30 frames a second
    .venv/bin/python bench/media.py --minutes 1

Prints the seconds the conversion took, how many times faster than real time that is, the CPU
seconds it used (FFmpeg's encoder runs threads on every core) and the sizes before and after."""
import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import av

sys.path.insert(0, str(Path(__file__).parents[1]))
from lms.courses.transcode import transcode  # noqa: E402


def recording(path: Path, seconds: int) -> None:
    """H.264 1080p and AAC in MOV, as a phone writes it (encoded fast: the source is not what is measured)."""
    with av.open(str(path), "w", format="mov") as out:
        video = out.add_stream("libx264", rate=30, options={"preset": "ultrafast", "crf": "18"})
        video.width, video.height, video.pix_fmt = 1920, 1080, "yuv420p"
        sound = out.add_stream("aac", rate=48000, layout="stereo")
        with av.open(f"testsrc2=size=1920x1080:rate=30:duration={seconds}", format="lavfi") as pictures:
            for frame in pictures.decode(video=0):
                out.mux(video.encode(frame))
        out.mux(video.encode(None))
        with av.open(f"sine=frequency=440:sample_rate=48000:duration={seconds}", format="lavfi") as tone:
            for frame in tone.decode(audio=0):
                frame.pts = None
                out.mux(sound.encode(frame))
        out.mux(sound.encode(None))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5)
    args = parser.parse_args()
    seconds = int(args.minutes * 60)
    with tempfile.TemporaryDirectory() as folder:
        source, target, poster = Path(folder, "IMG_0001.MOV"), Path(folder, "out.mp4"), Path(folder, "poster.jpg")
        started = time.perf_counter()
        recording(source, seconds)
        print(f"made a {seconds} s 1080p recording in {time.perf_counter() - started:.0f} s "
              f"({source.stat().st_size / 2**20:.0f} MiB)")
        cpu_before = resource.getrusage(resource.RUSAGE_SELF)
        started = time.perf_counter()
        length = transcode(source, target, poster, lambda percent: None)
        took = time.perf_counter() - started
        cpu_after = resource.getrusage(resource.RUSAGE_SELF)
        cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
        print(f"converted {length} s of video in {took:.1f} s: {length / took:.1f}x real time, "
              f"{cpu:.0f} CPU seconds on {os.cpu_count()} cores; {target.stat().st_size / 2**20:.1f} MiB out, "
              f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
