#!/bin/sh
# never run: broken/plugin.toml does not parse
exit 1
