#!/bin/sh
# left world-writable by a careless installer
echo helping
