"""Runs Ralph's LRS (ralph.api) in this one process, as `ralph runserver` does but without its code
reloader, and with its file backend appending statements: by default it creates its file once and
refuses every later write, which suits a demo, not a store that takes many requests."""
import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.data.fs import FSDataBackend

FSDataBackend.default_operation_type = BaseOperationType.APPEND

if __name__ == "__main__":
    uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
