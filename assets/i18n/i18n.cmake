# The interface's string catalogues: assets/i18n/<code>.po (gettext) are checked with
# `msgfmt --check` (header, printf formats against the English msgid, plural forms against
# the header's Plural-Forms) and compiled to <build>/locale/<code>.mo, beside the `pavilion`
# program, where ui_strings_find_dir finds them in the build tree. Installed under
# share/pavilion/locale. msgfmt comes from the gettext package (tools/setup.sh).
find_program(PAVILION_MSGFMT msgfmt)
if(NOT PAVILION_MSGFMT)
    message(FATAL_ERROR "msgfmt not found: install the gettext package (tools/setup.sh does)")
endif()
set(PAVILION_LANGUAGES en ja zh ko ru ar es pt de fr it tr)
set(PAVILION_LOCALE_DIR ${CMAKE_BINARY_DIR}/locale)
set(PAVILION_MO_FILES "")
foreach(lang ${PAVILION_LANGUAGES})
    set(po ${CMAKE_CURRENT_LIST_DIR}/${lang}.po)
    set(mo ${PAVILION_LOCALE_DIR}/${lang}.mo)
    add_custom_command(
        OUTPUT ${mo}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${PAVILION_LOCALE_DIR}
        COMMAND ${PAVILION_MSGFMT} --check -o ${mo} ${po}
        DEPENDS ${po}
        COMMENT "Checking and compiling the ${lang} catalogue"
        VERBATIM)
    list(APPEND PAVILION_MO_FILES ${mo})
endforeach()
add_custom_target(i18n ALL DEPENDS ${PAVILION_MO_FILES})
add_dependencies(pavilion i18n)
if(TARGET strings_test)
    add_dependencies(strings_test i18n)
    target_compile_definitions(strings_test PRIVATE TEST_LOCALE_DIR="${PAVILION_LOCALE_DIR}"
        TEST_PO_DIR="${CMAKE_CURRENT_LIST_DIR}")
endif()
# The hud's tests switch language with the real catalogues.
foreach(t hud_test hud_controls_test hud_team_test hud_map_test hud_lang_test)
    if(TARGET ${t})
        add_dependencies(${t} i18n)
        target_compile_definitions(${t} PRIVATE TEST_LOCALE_DIR="${PAVILION_LOCALE_DIR}")
    endif()
endforeach()
include(GNUInstallDirs)
install(FILES ${PAVILION_MO_FILES} DESTINATION ${CMAKE_INSTALL_DATADIR}/pavilion/locale)
