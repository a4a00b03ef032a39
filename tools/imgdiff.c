/* pavilion-imgdiff: compares two images (PNG or JPEG) of the same size, pixel by pixel.
 * Prints "mean M, max X, over T: P%" (mean and max absolute channel difference of 255, and
 * the share of pixels differing by more than T) and exits 1 when the mean exceeds --mean or the
 * share exceeds --share; 2 on bad input. --shrink N first averages A over N x N boxes (A must be
 * N times B's size): a HiDPI shot against the same view at 1x. Used by the golden-image and
 * window tests. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stb/stb_image.h>
#include <stb/stb_image_write.h>

int main(int argc, char **argv)
{
    const char *a = NULL, *b = NULL, *out = NULL;
    double max_mean = 1.0, max_share = 1.0;
    int threshold = 24, shrink = 1;
    bool shrunk = false; /* pa is then from malloc */
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--mean") == 0 && i + 1 < argc)
            max_mean = atof(argv[++i]);
        else if (strcmp(argv[i], "--share") == 0 && i + 1 < argc)
            max_share = atof(argv[++i]);
        else if (strcmp(argv[i], "--threshold") == 0 && i + 1 < argc)
            threshold = atoi(argv[++i]);
        else if (strcmp(argv[i], "--shrink") == 0 && i + 1 < argc)
            shrink = atoi(argv[++i]);
        else if (strcmp(argv[i], "--diff") == 0 && i + 1 < argc)
            out = argv[++i];
        else if (!a)
            a = argv[i];
        else if (!b)
            b = argv[i];
        else
            a = NULL, i = argc;
    }
    if (!a || !b || shrink < 1 || shrink > 8) {
        fprintf(stderr, "usage: pavilion-imgdiff A.png B.png [--mean M] [--share PERCENT] "
                        "[--threshold T] [--shrink N] [--diff OUT.png]\n");
        return 2;
    }
    int wa, ha, wb, hb, c;
    unsigned char *pa = stbi_load(a, &wa, &ha, &c, 3), *pb = stbi_load(b, &wb, &hb, &c, 3);
    if (!pa || !pb) {
        fprintf(stderr, "pavilion-imgdiff: cannot read %s\n", !pa ? a : b);
        return 2;
    }
    if (shrink > 1 && wa == wb * shrink && ha == hb * shrink) {
        /* box average, rounded: A becomes B's size */
        unsigned char *small = malloc((size_t)wb * (size_t)hb * 3);
        if (!small)
            return 2;
        for (int y = 0; y < hb; y++)
            for (int x = 0; x < wb; x++)
                for (int k = 0; k < 3; k++) {
                    int sum = 0;
                    for (int j = 0; j < shrink; j++)
                        for (int i = 0; i < shrink; i++)
                            sum += pa[((size_t)(y * shrink + j) * (size_t)wa +
                                       (size_t)(x * shrink + i)) * 3 + (size_t)k];
                    small[((size_t)y * (size_t)wb + (size_t)x) * 3 + (size_t)k] =
                        (unsigned char)((sum + shrink * shrink / 2) / (shrink * shrink));
                }
        stbi_image_free(pa);
        pa = small;
        shrunk = true;
        wa = wb;
        ha = hb;
    }
    if (wa != wb || ha != hb) {
        printf("sizes differ: %dx%d and %dx%d\n", wa, ha, wb, hb);
        return 1;
    }
    size_t n = (size_t)wa * (size_t)ha;
    double sum = 0;
    int worst = 0;
    size_t over = 0;
    unsigned char *d = out ? calloc(n, 3) : NULL;
    for (size_t i = 0; i < n; i++) {
        int m = 0;
        for (int k = 0; k < 3; k++) {
            int e = abs((int)pa[i * 3 + k] - (int)pb[i * 3 + k]);
            sum += e;
            m = e > m ? e : m;
        }
        worst = m > worst ? m : worst;
        over += m > threshold;
        if (d)
            memset(d + i * 3, m * 4 > 255 ? 255 : m * 4, 3);
    }
    double mean = sum / (double)(n * 3), share = 100.0 * (double)over / (double)n;
    printf("mean %.3f, max %d, over %d: %.3f%%\n", mean, worst, threshold, share);
    if (d) {
        stbi_write_png(out, wa, ha, 3, d, wa * 3);
        free(d);
    }
    if (shrunk)
        free(pa);
    else
        stbi_image_free(pa);
    stbi_image_free(pb);
    return mean > max_mean || share > max_share ? 1 : 0;
}
