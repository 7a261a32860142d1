# CMake generated Testfile for 
# Source directory: /work/main/src/importer
# Build directory: /work/main/build/src/importer
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
