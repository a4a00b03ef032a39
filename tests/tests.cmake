# Unit tests: every tests/*_test.c is one executable, labelled "unit" (they also run under ASan).
file(GLOB UNIT_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/*_test.c)
foreach(src ${UNIT_TESTS})
    get_filename_component(name ${src} NAME_WE)
    add_executable(${name} ${src})
    target_link_libraries(${name} PRIVATE pavilion_engine)
    target_compile_definitions(${name} PRIVATE
        TEST_SOURCE_DIR="${CMAKE_SOURCE_DIR}/tests"
        TEST_SHARED_DIR="${CMAKE_SOURCE_DIR}/../shared/testdata"
        TEST_DEMO_DIR="${CMAKE_BINARY_DIR}/demo")
    add_test(NAME ${name} COMMAND ${name})
    # A test that could not run some checks here (no ../shared, ...) exits 77: "skipped".
    set_tests_properties(${name} PROPERTIES LABELS unit TIMEOUT 300 SKIP_RETURN_CODE 77)
    # Tests that open a GL context load Mesa, whose driver leaves allocations behind that
    # LeakSanitizer cannot attribute (the module is unloaded by then): those tests still run
    # under AddressSanitizer and UBSan, without the leak check.
    file(READ ${src} test_text)
    # Tests that start threads (videos, the mixer, the loader and panorama builds, the visit):
    # `make test-tsan` runs these under ThreadSanitizer.
    if(test_text MATCHES "pthread|\"media/|\"asset/asset.h|\"app/")
        set_property(TEST ${name} APPEND PROPERTY LABELS threads)
    endif()
    if(test_text MATCHES "gfx/gfx.h|app/app_internal.h|platform/platform.h")
        set_tests_properties(${name} PROPERTIES ENVIRONMENT "ASAN_OPTIONS=detect_leaks=0")
    endif()
endforeach()

# Script tests drive the real binary: golden shots, bad input, the real window under Xvfb.
file(GLOB SCRIPT_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/*_test.sh)
foreach(src ${SCRIPT_TESTS})
    get_filename_component(name ${src} NAME_WE)
    add_test(NAME ${name} COMMAND sh ${src})
    # They drive GL through the binary: under the sanitizers, no leak check (see above).
    set_tests_properties(${name} PROPERTIES LABELS "script" TIMEOUT 600 SKIP_RETURN_CODE 77
        ENVIRONMENT "ASAN_OPTIONS=detect_leaks=0;PAVILION=$<TARGET_FILE:pavilion>;IMGDIFF=$<TARGET_FILE:pavilion-imgdiff>;DEMO_DIR=${CMAKE_BINARY_DIR}/demo;TESTS=${CMAKE_SOURCE_DIR}/tests;SHARED=${CMAKE_SOURCE_DIR}/../shared/testdata;WORK=${CMAKE_BINARY_DIR}/testwork;BUILD=${CMAKE_BINARY_DIR}")
endforeach()
include(${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz.cmake)

# ThreadSanitizer builds: only third-party internals are suppressed (tests/tsan.supp).
if(PAVILION_SANITIZE_THREAD)
    get_property(all_tests DIRECTORY PROPERTY TESTS)
    foreach(t ${all_tests})
        set_property(TEST ${t} APPEND PROPERTY ENVIRONMENT
            "TSAN_OPTIONS=suppressions=${CMAKE_SOURCE_DIR}/tests/tsan.supp second_deadlock_stack=1")
    endforeach()
endif()
