/* replay: runs a fuzz target's LLVMFuzzerTestOneInput on every file of the folders given, so
 * past crashes and the seed corpus are regression tests in every build, with or without
 * clang (built by any C compiler; the sanitizer build checks memory as the fuzzer would).
 * Prints "N passed, 0 failed": a failing input aborts or is reported by a sanitizer. Finding
 * no input at all fails (the folders moved, or a target lost its seeds). */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    uint8_t *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 4096;
            buf = realloc(buf, cap);
            if (!buf)
                abort();
        }
        size_t k = fread(buf + n, 1, cap - n, f);
        if (k == 0)
            break;
        n += k;
    }
    fclose(f);
    fprintf(stderr, "replay: %s (%zu bytes)\n", path, n);
    LLVMFuzzerTestOneInput(buf, n);
    free(buf);
    return 1;
}

int main(int argc, char **argv)
{
    int files = 0;
    for (int a = 1; a < argc; a++) {
        DIR *dir = opendir(argv[a]);
        if (!dir)
            continue; /* no crashes kept for this target yet */
        struct dirent *e;
        while ((e = readdir(dir)) != NULL) {
            if (e->d_name[0] == '.' || strcmp(e->d_name, "SOURCES.md") == 0)
                continue;
            char path[4096];
            snprintf(path, sizeof(path), "%s/%s", argv[a], e->d_name);
            struct stat st;
            if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
                files += replay_file(path);
        }
        closedir(dir);
    }
    if (files == 0) {
        printf("0 passed, 1 failed: no input in any of the %d folders given\n", argc - 1);
        return 1;
    }
    printf("%d passed, 0 failed\n", files);
    return 0;
}
