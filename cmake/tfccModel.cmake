# tfcc_add_model: compile a model with tfcc at build time into a library target.
#
#   tfcc_add_model(<target> MODEL <file> [ENTRY <name>] [SHARED]
#                  [TARGET <triple>] [MCPU <cpu>] [OPT_LEVEL <0-3>]
#                  [FEEDS <name>...] [FETCHES <name>...] [FLAGS <arg>...])
#
# <target> is an INTERFACE library: linking it brings the generated header's
# directory, the compiled library and libm. The static library already holds
# the runtime's objects (tfcc copies them in) and the shared one links them
# in, so the runtime is deliberately not linked a second time.
#
# Needs the targets tfcc::tfcc (the compiler) and tfcc::runtime (the static
# runtime, passed to tfcc explicitly): tfccConfig.cmake imports them, and
# tfcc's own tree defines them as aliases.

function(tfcc_add_model target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "SHARED"
    "MODEL;ENTRY;TARGET;MCPU;OPT_LEVEL" "FEEDS;FETCHES;FLAGS")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR
      "tfcc_add_model: unknown arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT ARG_MODEL)
    message(FATAL_ERROR "tfcc_add_model(${target}): MODEL is required")
  endif()
  get_filename_component(model "${ARG_MODEL}" ABSOLUTE
    BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")

  # tfcc names the header after the entry, which without ENTRY is only known
  # once the model is read (the only public function, or the file's stem).
  # Then the header is written a second time under the target's name, so its
  # path is known at configure time.
  if(ARG_ENTRY)
    set(entry "${ARG_ENTRY}")
  else()
    set(entry "${target}")
  endif()

  # One directory per target: two models never overwrite each other's files.
  set(out_dir "${CMAKE_CURRENT_BINARY_DIR}/${target}")
  if(ARG_SHARED)
    set(library "${out_dir}/lib${entry}.so")
  else()
    set(library "${out_dir}/lib${entry}.a")
  endif()
  set(header "${out_dir}/${entry}.h")

  set(args "${model}" --runtime-lib "$<TARGET_FILE:tfcc::runtime>")
  if(ARG_ENTRY)
    list(APPEND args --entry "${ARG_ENTRY}")
  endif()
  if(ARG_TARGET)
    list(APPEND args --mtriple "${ARG_TARGET}")
  endif()
  if(ARG_MCPU)
    list(APPEND args --mcpu "${ARG_MCPU}")
  endif()
  if(DEFINED ARG_OPT_LEVEL)
    list(APPEND args "-O${ARG_OPT_LEVEL}")
  endif()
  if(ARG_FEEDS)
    list(JOIN ARG_FEEDS "," feeds)
    list(APPEND args --feeds "${feeds}")
  endif()
  if(ARG_FETCHES)
    list(JOIN ARG_FETCHES "," fetches)
    list(APPEND args --fetches "${fetches}")
  endif()
  list(APPEND args ${ARG_FLAGS})
  set(header_command)
  if(NOT ARG_ENTRY)
    set(header_command COMMAND tfcc::tfcc ${args} --emit=header -o "${header}")
  endif()

  add_custom_command(
    OUTPUT "${library}" "${header}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${out_dir}"
    COMMAND tfcc::tfcc ${args} -o "${library}"
    ${header_command}
    DEPENDS "${model}" tfcc::tfcc "$<TARGET_FILE:tfcc::tfcc>"
            "$<TARGET_FILE:tfcc::runtime>"
    COMMENT "Compiling model ${ARG_MODEL} with tfcc"
    VERBATIM)
  add_custom_target(${target}_tfcc DEPENDS "${library}" "${header}")

  add_library(${target} INTERFACE)
  add_dependencies(${target} ${target}_tfcc)
  target_include_directories(${target} INTERFACE "${out_dir}")
  target_link_libraries(${target} INTERFACE "${library}" m)
endfunction()
