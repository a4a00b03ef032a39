# Fuzzing (tests/fuzz/): every tests/fuzz/fuzz_*.c is a libFuzzer target with a seed corpus in
# tests/fuzz/corpus/NAME/ and the inputs that once crashed it in tests/fuzz/crashes/NAME/.
#  - NAME_replay (every build, any compiler): the crashes and the seeds through the target.
#  - NAME_fuzz (when clang can link -fsanitize=fuzzer): a short fuzz run, label "fuzz";
#    `make fuzz` runs them for FUZZ_SECONDS each.
file(GLOB FUZZ_TARGETS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_*.c)
set(FUZZ_DIR ${CMAKE_SOURCE_DIR}/tests/fuzz)

foreach(src ${FUZZ_TARGETS})
    get_filename_component(name ${src} NAME_WE)
    add_executable(${name}_replay ${src} ${FUZZ_DIR}/replay.c)
    target_link_libraries(${name}_replay PRIVATE pavilion_engine)
    target_compile_definitions(${name}_replay PRIVATE
        FUZZ_SCENE_DIR="${CMAKE_SOURCE_DIR}/tests/fixtures/scene")
    string(REGEX REPLACE "^fuzz_" "" short ${name})
    add_test(NAME ${name}_replay
        COMMAND ${name}_replay ${FUZZ_DIR}/crashes/${name} ${FUZZ_DIR}/corpus/${name}
            ${FUZZ_DIR}/crashes/${short} ${FUZZ_DIR}/corpus/${short})
    set_tests_properties(${name}_replay PROPERTIES LABELS unit TIMEOUT 300)
endforeach()

# The fuzzers themselves: a build of their own with clang (ExternalProject), from the plain
# build only (the sanitizer build would make the same programs again).
find_program(PAVILION_CLANG NAMES clang clang-16 clang-15 clang-14)
option(PAVILION_FUZZ "Build the libFuzzer targets with clang and run each briefly in ctest" ON)
set(PAVILION_FUZZ_SECONDS 10 CACHE STRING "Seconds of each fuzz target's run in ctest")
if(PAVILION_FUZZ AND PAVILION_CLANG AND NOT PAVILION_SANITIZE)
    include(ExternalProject)
    ExternalProject_Add(pavilion_fuzzers
        SOURCE_DIR ${FUZZ_DIR}
        BINARY_DIR ${CMAKE_BINARY_DIR}/fuzz
        CMAKE_ARGS -DCMAKE_C_COMPILER=${PAVILION_CLANG} -DPAVILION_SOURCE_DIR=${CMAKE_SOURCE_DIR}
            -DCMAKE_BUILD_TYPE=RelWithDebInfo
        INSTALL_COMMAND ""
        BUILD_ALWAYS ON)
    foreach(src ${FUZZ_TARGETS})
        get_filename_component(name ${src} NAME_WE)
        add_test(NAME ${name}_fuzz
            COMMAND sh ${FUZZ_DIR}/run.sh ${CMAKE_BINARY_DIR}/fuzz/${name}
                ${PAVILION_FUZZ_SECONDS} ${CMAKE_BINARY_DIR}/fuzz/work/${name}
                ${FUZZ_DIR}/corpus/${name} ${FUZZ_DIR}/crashes/${name})
        set_tests_properties(${name}_fuzz PROPERTIES LABELS fuzz SKIP_RETURN_CODE 77
            TIMEOUT 86400)
    endforeach()
endif()
