# Install layout (GNUInstallDirs) and the Debian package (CPack). The installed program finds its
# data from its own location: bin/pavilion -> share/pavilion (app_data_path).
#   cmake --install build --prefix /usr        (DESTDIR=... for a staging root)
#   cd build && cpack -G DEB                   (dependencies from dpkg-shlibdeps: dpkg-dev)
set(PAVILION_DATADIR ${CMAKE_INSTALL_DATADIR}/pavilion)

install(TARGETS pavilion RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The model importer, a helper process the program starts (model_child.c looks for it beside
# itself, then in ../libexec/pavilion).
install(TARGETS pavilion-import RUNTIME DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/pavilion)
# Shaders are embedded in the program. The demo exhibition as built (its scene and generated
# pictures, models and films) and the scene sources content teams start from.
if(PAVILION_DEMO_FROM)
    install(DIRECTORY ${DEMO_FROM}/ DESTINATION ${PAVILION_DATADIR}/demo)
else()
    install(DIRECTORY ${DEMO_DIR}/ DESTINATION ${PAVILION_DATADIR}/demo)
endif()
install(DIRECTORY ${CMAKE_SOURCE_DIR}/scenes/ DESTINATION ${PAVILION_DATADIR}/scenes)
# Data files the program reads at run time (catalogues, ...): in the build tree they are found
# through build/assets, a link to the sources' folder.
if(EXISTS ${CMAKE_SOURCE_DIR}/assets)
    install(DIRECTORY ${CMAKE_SOURCE_DIR}/assets/ DESTINATION ${PAVILION_DATADIR}/assets)
    if(NOT EXISTS ${CMAKE_BINARY_DIR}/assets)
        file(CREATE_LINK ${CMAKE_SOURCE_DIR}/assets ${CMAKE_BINARY_DIR}/assets SYMBOLIC)
    endif()
endif()
install(FILES ${CMAKE_SOURCE_DIR}/packaging/pavilion.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/pavilion.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_PACKAGE_NAME pavilion)
set(CPACK_PACKAGE_VENDOR "Pavilion")
set(CPACK_PACKAGE_CONTACT "Pavilion maintainers <pavilion@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Viewer for 360-degree virtual exhibitions")
set(CPACK_PACKAGE_DESCRIPTION
    "Pavilion shows virtual exhibitions: 360-degree panoramas, 3D booths and videos, linked by "
    "hotspots, from a scene file. It comes with a demo conference.")
set(CPACK_PACKAGE_INSTALL_DIRECTORY pavilion)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION graphics)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Not libraries the program links: the fonts it draws labels and subtitles with, and Mesa's
# drivers behind libGL/libEGL.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-dejavu-core, fonts-wqy-microhei, libgl1-mesa-dri")
include(CPack)
