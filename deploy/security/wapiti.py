"""Runs Debian's wapiti 3.0.4 with its URL exclusions (-x) working on Python 3.11.

wapiti 3.0.4 compiles every exclusion to a regular expression that ends in "\\Z(?ms)"; Python
3.11 refuses global flags anywhere but at the start, so any -x stops the scan before it
begins. This puts the flags first, then runs wapiti with the same arguments.
"""
import re
import sys

import wapitiCore.net.crawler as crawler
from wapitiCore.main.wapiti import wapiti_main


def wildcard_translate(pattern):
    return re.compile("(?ms)" + "".join(".*" if char == "*" else re.escape(char) for char in pattern) + r"\Z")


crawler.wildcard_translate = wildcard_translate
sys.argv[0] = "wapiti"
sys.exit(wapiti_main())
