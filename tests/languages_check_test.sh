# languages_check_test: `pavilion check` lists each missing translation of a scene that declares
# "languages" (file:line:col: warning: ...), still exits 0 for warnings, and refuses a bad
# "default_language" with its line:col. Uses the demo's panoramas (built with the program).
. "$TESTS/lib.sh"
t_init languages_check

# a copy, not a link: files a scene uses must lie inside its folder by their real path
mkdir -p "$T_DIR/panoramas" && cp "$DEMO_DIR/panoramas/hall.jpg" "$T_DIR/panoramas/"
cat >"$T_DIR/expo.json" <<'JSON'
{
  "format": "pavilion/1",
  "title": {"en": "Expo", "ja": "博覧会", "ar": "معرض"},
  "languages": ["en", "ja", "ar"],
  "default_language": "en",
  "places": [
    {"id": "hall", "panorama": "panoramas/hall.jpg", "title": {"en": "Hall", "jp": "ホール"},
     "hotspots": [{"type": "info", "yaw": 0, "pitch": 0, "title": "LOGO",
                   "text": {"en": "Hi", "ja": "やあ", "ar": "مرحبا"}}]}
  ]
}
JSON
t_run "$PAVILION" check "$T_DIR/expo.json"
t_expect "check: one warning per missing translation, exit 0" 0 \
    'expo.json:7:63: warning: "title" text has no "ja" translation' \
    'expo.json:7:63: warning: "title" text has no "ar" translation' \
    'expo.json:7:78: warning: "jp" is not one of the scene'"'"'s "languages" (did you mean "ja"?)' \
    '0 errors, 3 warnings'
t_expect_out "check: the scene is still ok" 0 "expo.json: ok: 1 places"

sed 's/"default_language": "en"/"default_language": "de"/' "$T_DIR/expo.json" >"$T_DIR/bad.json"
t_run "$PAVILION" check "$T_DIR/bad.json"
t_expect "check: a default_language outside languages is an error at its line:col" 1 \
    'bad.json:5:23: error: "default_language" "de" is not in "languages"'
t_finish
