#!/bin/sh
# tiles_draw_test: places given as "multires" tiles (cut by `pavilion tile`) and as "cube"
# faces draw the same picture as the equirectangular panorama they came from, in every
# direction (both poles, yaw 180) and at two levels of the pyramid: a face turned, mirrored or misplaced would differ by tens of
# levels. A missing tile shows the coarser level; a missing level-1 tile an error card; neither
# crashes.
. "$TESTS/lib.sh"
t_init tiles_draw
GEN=$(dirname "$PAVILION")/pavilion-demo-gen
S=$T_DIR/scene
mkdir -p "$S"

t_run "$GEN" --bench-pano "$S/pano.jpg" 2048
t_expect "a 2048x1024 panorama is generated" 0
t_run "$PAVILION" tile "$S/pano.jpg" --out "$S/tiles" --tile-size 128
t_expect_out "pavilion tile prints the multires key" 0 '"tile_size": 128, "levels": 4, "face_size": 648'
t_expect "pavilion tile reports what it wrote" 0 "config.json"

cat >"$S/scene.json" <<'JSON'
{"format": "pavilion/1", "start": "equi", "places": [
  {"id": "equi", "panorama": "pano.jpg"},
  {"id": "multi", "multires": {"path": "tiles", "tile_size": 128, "levels": 4,
                               "face_size": 648}},
  {"id": "cube", "cube": ["tiles/fallback/f.jpg", "tiles/fallback/r.jpg",
                          "tiles/fallback/b.jpg", "tiles/fallback/l.jpg",
                          "tiles/fallback/u.jpg", "tiles/fallback/d.jpg"]}
]}
JSON
t_run "$PAVILION" check "$S/scene.json"
t_expect "check passes the cube and the pyramid" 0

for view in 0,0,90 90,30,70 -150,-20,100 180,0,80 30,80,100 -20,-85,110; do
    for place in equi multi cube; do
        t_run "$PAVILION" shot "$S/scene.json" --place $place --view "$view" --size 320x180 \
            --out "$T_DIR/$place-$view.png"
        t_expect "shot $place at $view" 0
    done
    for place in multi cube; do
        t_run "$IMGDIFF" "$T_DIR/$place-$view.png" "$T_DIR/equi-$view.png" --mean 4 \
            --share 4 --diff "$T_DIR/$place-$view-diff.png"
        echo "        $place vs equi at $view: $(cat "$T_STDOUT")"
        t_expect_out "$place draws what the panorama shows at $view" 0 "mean"
    done
done
# Streamed by view (level 4 for 640 pixels over 90 degrees, level 3 at 320): tile edges (every
# 128 texels) and face edges cross these views; a seam would show as a line of differences.
for view in 0,0,90 45,20,75 -90,-45,100; do
    for place in equi multi; do
        t_run "$PAVILION" shot "$S/scene.json" --place $place --view "$view" --size 640x360 \
            --out "$T_DIR/$place-$view-640.png"
        t_expect "shot $place at $view, 640x360" 0
    done
    t_run "$IMGDIFF" "$T_DIR/multi-$view-640.png" "$T_DIR/equi-$view-640.png" --mean 4 \
        --share 4 --diff "$T_DIR/multi-$view-640-diff.png"
    echo "        multi vs equi at $view, 640x360: $(cat "$T_STDOUT")"
    t_expect_out "multi draws what the panorama shows at $view, 640x360" 0 "mean"
done
# the comparison can fail: 3 degrees of yaw off is seen (a mean of about 23 here, against 1-3)
t_run "$PAVILION" shot "$S/scene.json" --place multi --view 3,0,90 --size 320x180 \
    --out "$T_DIR/multi-off.png"
t_run "$IMGDIFF" "$T_DIR/multi-off.png" "$T_DIR/equi-0,0,90.png" --mean 4 --share 4
t_check "a view 3 degrees off does not pass for the same" test "$T_RC" -ne 0

rm "$S/tiles/4/f2_2.jpg"
t_run "$PAVILION" shot "$S/scene.json" --place multi --view 0,0,90 --size 320x180 \
    --out "$T_DIR/multi-missing.png"
t_expect "a missing tile: the coarser level stands in" 0
t_run "$IMGDIFF" "$T_DIR/multi-missing.png" "$T_DIR/equi-0,0,90.png" --mean 4 --share 20
t_expect_out "... and the view is still the panorama's" 0 "mean"
rm "$S/tiles/1/f0_0.jpg"
t_run "$PAVILION" shot "$S/scene.json" --place multi --view 0,0,90 --size 320x180 \
    --out "$T_DIR/multi-broken.png"
t_expect "a missing level-1 tile: an error naming it, no crash" 1 "1/f0_0.jpg"
t_run "$PAVILION" check "$S/scene.json"
t_expect "check names the missing level-1 tile" 1 "1/f0_0.jpg"
t_finish
