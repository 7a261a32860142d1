# CMake generated Testfile for 
# Source directory: /work/main
# Build directory: /work/main/build
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
subdirs("src/util")
subdirs("src/core")
subdirs("src/importer")
subdirs("src/storage")
subdirs("src/render")
subdirs("src/app")
subdirs("src/cli")
subdirs("tests")
subdirs("bench")
