"""lms: a lightweight, self-hosted learning-management system with a knowledge wiki."""
import os

# Piccolo finds its engine through this module path when table classes are defined.
os.environ.setdefault("PICCOLO_CONF", "lms.piccolo_conf")
