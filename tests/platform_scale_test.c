/* platform_choose_scale: the interface's scale on every kind of display. PAVILION_SCALE wins
 * when valid; a system that already scales windows (pixel scale above 1) is followed; else
 * the display's density over 96 dpi in quarter steps from 1.25 to 3; else 1. */
#include "check.h"
#include "platform/platform.h"

int main(void)
{
    /* an ordinary monitor, offscreen (no density), a density SDL could not read */
    CHECK(platform_choose_scale(1, 96, NULL) == 1.0f);
    CHECK(platform_choose_scale(1, 0, NULL) == 1.0f);
    CHECK(platform_choose_scale(1, 110, "") == 1.0f);
    /* X11 with Xft.dpi at 200% (192) or 150% (144); a 4K 27-inch screen (163 dpi) */
    CHECK(platform_choose_scale(1, 192, NULL) == 2.0f);
    CHECK(platform_choose_scale(1, 144, NULL) == 1.5f);
    CHECK(platform_choose_scale(1, 163, NULL) == 1.75f);
    /* from 120 dpi (1.25) up; capped at 3; absurd densities (a projector's EDID) ignored */
    CHECK(platform_choose_scale(1, 119, NULL) == 1.0f);
    CHECK(platform_choose_scale(1, 120, NULL) == 1.25f);
    CHECK(platform_choose_scale(1, 600, NULL) == 3.0f);
    CHECK(platform_choose_scale(1, 5000, NULL) == 1.0f);
    /* Wayland or macOS scale windows themselves: the pixel scale, whatever the density */
    CHECK(platform_choose_scale(2, 220, NULL) == 2.0f);
    CHECK(platform_choose_scale(1.5f, 0, NULL) == 1.5f);
    /* PAVILION_SCALE wins when it is a number within 0.5..4, else it is ignored */
    CHECK(platform_choose_scale(2, 192, "1") == 1.0f);
    CHECK(platform_choose_scale(1, 96, "2.5") == 2.5f);
    CHECK(platform_choose_scale(1, 96, "0.5") == 0.5f);
    CHECK(platform_choose_scale(1, 192, "9") == 2.0f);
    CHECK(platform_choose_scale(1, 192, "2x") == 2.0f);
    CHECK(platform_choose_scale(1, 96, "0") == 1.0f);
    CHECK(platform_choose_scale(1, 96, "nan") == 1.0f);
    return check_done();
}
