"""An S3-compatible server for the object storage tests: moto's server (moto[s3] on PyPI), the emulator
the Python ecosystem's S3 clients are themselves tested against (s3fs, pandas, dask). No S3 server is in
Debian's packages, and none other is on PyPI or npm as a server; moto speaks S3's REST protocol over
HTTP with SigV4 signatures, multipart uploads, ranged reads and listings, which is what lms uses."""
import boto3
from moto.server import ThreadedMotoServer

from tests.oidc import free_port

ACCESS_KEY, SECRET_KEY, REGION = "lms-test-key", "lms-test-secret", "eu-west-1"


class S3Server:
    def __init__(self):
        self.port = free_port()
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self.server.start()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.client = boto3.client("s3", endpoint_url=self.endpoint, aws_access_key_id=ACCESS_KEY,
                                   aws_secret_access_key=SECRET_KEY, region_name=REGION)

    def bucket(self, name: str) -> dict[str, str]:
        """A new empty bucket and the settings that point lms at it."""
        self.client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
        return {"LMS_STORAGE": "s3", "LMS_S3_ENDPOINT": self.endpoint, "LMS_S3_BUCKET": name,
                "LMS_S3_REGION": REGION, "LMS_S3_ACCESS_KEY": ACCESS_KEY, "LMS_S3_SECRET_KEY": SECRET_KEY}

    def keys(self, bucket: str) -> set[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        return {item["Key"] for page in pages for item in page.get("Contents", [])}

    def read(self, bucket: str, key: str) -> bytes:
        return self.client.get_object(Bucket=bucket, Key=key)["Body"].read()

    def stop(self) -> None:
        self.server.stop()
