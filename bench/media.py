"""Media at work (issue 14): how long converting a phone's video takes, and how fast a player's seeks
are answered from the local disk and from S3-compatible object storage.

    .venv/bin/python bench/media.py                  # 5 minutes of 1080p at 30 frames a second, then seeks
    .venv/bin/python bench/media.py --minutes 1 --seeks 500

The recording is made by FFmpeg's test sources and converted as `lms videos run-once` converts it
(lms/courses/transcode.py): it prints the seconds that took, how many times faster than real time,
the CPU seconds (FFmpeg's encoder runs threads on every core) and the sizes. Then the rendition is
stored on the disk and in a bucket of the test S3 server (moto, tests/s3: an emulator in Python, far
slower than a real S3 or MinIO, so its figure is a floor) and read in --seeks random 256 KiB ranges,
as a player seeking asks for them, 8 at a time, through lms's own storage layer (the HTTP in front is
the same for both)."""
import argparse
import asyncio
import os
import random
import statistics
import resource
import sys
import tempfile
import time
from pathlib import Path

import av

sys.path.insert(0, str(Path(__file__).parents[1]))
from lms.courses.transcode import transcode  # noqa: E402
from lms.storage import LocalStorage, ObjectStorage, _storage  # noqa: E402
from lms.settings import load_settings  # noqa: E402

RANGE = 256 * 1024
AT_ONCE = 8


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


async def seeks(files, key: str, size: int, count: int) -> tuple[float, float]:
    """Requests a second and the median latency in ms of `count` random ranges, AT_ONCE at a time."""
    async def one() -> float:
        start = random.randrange(0, max(1, size - RANGE))
        began = time.perf_counter()
        async for _ in files.read(key, start, min(size, start + RANGE) - 1):
            pass
        return time.perf_counter() - began

    began, latencies = time.perf_counter(), []
    for _ in range(0, count, AT_ONCE):
        latencies += await asyncio.gather(*(one() for _ in range(AT_ONCE)))
    return len(latencies) / (time.perf_counter() - began), statistics.median(latencies) * 1000


async def compare_seeks(rendition: Path, count: int, folder: str) -> None:
    sys.path.insert(0, str(Path(__file__).parents[1]))
    from tests.s3 import S3Server

    os.environ["LMS_DATA_DIR"] = folder
    disk = LocalStorage(Path(folder) / "files")
    server = S3Server()
    try:
        os.environ.update(server.bucket("bench"))
        bucket = _storage(load_settings())
        assert isinstance(bucket, ObjectStorage)
        size = rendition.stat().st_size
        copy = Path(folder, "copy.mp4")
        copy.write_bytes(rendition.read_bytes())
        on_disk = await disk.add_file(rendition, "videos")
        in_bucket = await bucket.add_file(copy, "videos")
        for name, files, key in (("local disk", disk, on_disk), ("object storage (moto)", bucket, in_bucket)):
            rate, median = await seeks(files, key, size, count)
            print(f"{name}: {rate:,.0f} seeks/s, median {median:.1f} ms for {RANGE // 1024} KiB, {AT_ONCE} at a time")
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--seeks", type=int, default=400)
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
        asyncio.run(compare_seeks(target, args.seeks, folder))


if __name__ == "__main__":
    main()
