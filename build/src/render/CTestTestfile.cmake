# CMake generated Testfile for 
# Source directory: /work/main/src/render
# Build directory: /work/main/build/src/render
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
