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
    set_tests_properties(${name} PROPERTIES LABELS unit TIMEOUT 300)
    # Tests that open a GL context load Mesa, whose driver leaves allocations behind that
    # LeakSanitizer cannot attribute (the module is unloaded by then): those tests still run
    # under AddressSanitizer and UBSan, without the leak check.
    file(READ ${src} test_text)
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
    set_tests_properties(${name} PROPERTIES LABELS "script" TIMEOUT 600
        ENVIRONMENT "ASAN_OPTIONS=detect_leaks=0;PAVILION=$<TARGET_FILE:pavilion>;IMGDIFF=$<TARGET_FILE:pavilion-imgdiff>;DEMO_DIR=${CMAKE_BINARY_DIR}/demo;TESTS=${CMAKE_SOURCE_DIR}/tests;SHARED=${CMAKE_SOURCE_DIR}/../shared/testdata;WORK=${CMAKE_BINARY_DIR}/testwork")
endforeach()
