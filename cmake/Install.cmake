# Install rules for the package: tools, runtime, CMake package, pkg-config
# file and Python package. Plain bin/, lib/ and include/ (no multiarch
# libdir): tfcc finds its runtime at <bin>/../lib/libtfcc_runtime.a.
# With TFCC_RUNTIME_ONLY, only the runtime (installed by runtime/), the CMake
# package (whose config then defines no tfcc::tfcc) and the pkg-config file.

include(CMakePackageConfigHelpers)

set(TFCC_CMAKE_INSTALL_DIR lib/cmake/tfcc)

if(NOT TFCC_RUNTIME_ONLY)
  # tfcc and tfcc-opt keep their RUNPATH to LLVM's and MLIR's shared
  # libraries.
  set_target_properties(tfcc tfcc-opt PROPERTIES
    INSTALL_RPATH_USE_LINK_PATH ON)
  install(TARGETS tfcc tfcc-opt RUNTIME DESTINATION bin)
endif()

# The compiler is imported by tfccConfig.cmake itself rather than exported:
# exporting it would drag its link dependencies into the export set.
install(EXPORT tfccTargets
  NAMESPACE tfcc::
  DESTINATION ${TFCC_CMAKE_INSTALL_DIR})

if(TFCC_RUNTIME_ONLY)
  set(TFCC_PACKAGE_HAS_COMPILER OFF)
else()
  set(TFCC_PACKAGE_HAS_COMPILER ON)
endif()
configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/tfccConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cmake/tfccConfig.cmake
  INSTALL_DESTINATION ${TFCC_CMAKE_INSTALL_DIR})
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/cmake/tfccConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/cmake/tfccConfig.cmake
  ${PROJECT_BINARY_DIR}/cmake/tfccConfigVersion.cmake
  ${CMAKE_CURRENT_LIST_DIR}/tfccModel.cmake
  DESTINATION ${TFCC_CMAKE_INSTALL_DIR})

configure_file(${CMAKE_CURRENT_LIST_DIR}/tfcc-runtime.pc.in
  ${PROJECT_BINARY_DIR}/cmake/tfcc-runtime.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/cmake/tfcc-runtime.pc
  DESTINATION lib/pkgconfig)

# The Python package, with the FlatBuffers writer flatc generated into the
# build tree installed as its tfcc.tfg subpackage.
if(NOT TFCC_RUNTIME_ONLY)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/python/tfcc
    DESTINATION share/tfcc/python
    PATTERN __pycache__ EXCLUDE)
  install(DIRECTORY ${PROJECT_BINARY_DIR}/python/tfcc/tfg
    DESTINATION share/tfcc/python/tfcc
    PATTERN __pycache__ EXCLUDE)
endif()
