# SPDX-License-Identifier: MIT
# The C extension cffi builds from build_native.py: its ffi and lib are typed by
# cffi at run time only.
from typing import Any

ffi: Any
lib: Any
