#!/bin/sh
# A test fixture: reads every request and never answers.
while read -r line; do :; done
