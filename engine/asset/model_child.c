/* asset/model_child: Assimp runs in a helper process, `pavilion-import`, installed beside the
 * program (or named by PAVILION_IMPORT_HELPER). A broken model can abort Assimp, make it read
 * memory it does not own, allocate without end or loop; in the helper that ends one import,
 * not the viewer, the kiosk or `check`, and Assimp's leaks and open files end with it.
 *
 * Parent (model_child_import, any thread): a memfd for the answer and a pipe for the helper's
 * stderr, posix_spawn (no fork of a large process), then it reads stderr until the helper
 * ends or its wall-clock limit passes (then SIGKILL). A clean exit hands over the answer
 * (model_wire.c's format), read as hostile: every length against what is left, every index
 * in range; bounds are recomputed here. A death becomes a message naming the model: the
 * importer crashed (signal N / a sanitizer report), ran out of its memory limit, took longer
 * than its time limit.
 *
 * Helper (asset_model_helper_main, its own process): before touching the file it limits
 * itself (address space, CPU seconds, file size for the answer, no core dumps), closes every
 * descriptor but 0-3 and refuses new sockets (seccomp, where the kernel allows), then imports
 * in process and writes the answer to fd 3.
 *
 * Why a separate small executable rather than re-running the same binary with a hidden
 * command: tests and tools link the engine into their own programs, which have no such
 * command, while a helper beside them serves all; its address space holds no GL driver or
 * SDL, so the memory limit is Assimp's alone and it starts in a few milliseconds; and test
 * builds make a second helper with hooks (abort, spin, allocate) that the shipped one does
 * not contain. */
#define _GNU_SOURCE
#include "asset/model_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#endif

extern char **environ;

#define CHILD_STDERR_KEEP 8192 /* bytes of the helper's stderr kept for the diagnosis */
#define CHILD_ANSWER_FD 3

#if defined(__SANITIZE_ADDRESS__)
#define CHILD_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CHILD_ASAN 1
#endif
#endif
/* ThreadSanitizer reserves terabytes of shadow memory too: no RLIMIT_AS under it either (the
 * helper's memory is then unbounded; `make test-tsan` runs no memory-hungry import). */
#if defined(__SANITIZE_THREAD__)
#define CHILD_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define CHILD_TSAN 1
#endif
#endif

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- the parent ---- */

/* The helper: $PAVILION_IMPORT_HELPER, else beside the running program, else in
 * ../libexec/pavilion/ from it. NULL when there is none. */
static char *helper_path(void)
{
    const char *env = getenv("PAVILION_IMPORT_HELPER");
    if (env && *env)
        return pv_strdup(env);
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0)
        return NULL;
    exe[n] = 0;
    char *dir = pv_path_dir(exe);
    const char *tries[] = {"pavilion-import", "../libexec/pavilion/pavilion-import"};
    char *found = NULL;
    for (int i = 0; i < 2 && !found; i++) {
        char *p = pv_path_join(dir, tries[i]);
        if (access(p, X_OK) == 0)
            found = p;
        else
            free(p);
    }
    free(dir);
    return found;
}

/* The environment for the helper: ours, with the sanitizer's options adjusted in sanitizer
 * builds (its leaks are contained by design; RLIMIT_AS cannot be used under ASan, whose
 * shadow memory reserves terabytes, so its own RSS limit stands in). */
static char **child_environment(int memory_mb)
{
    size_t n = 0;
    while (environ && environ[n])
        n++;
    char **env = pv_calloc(n + 2, sizeof(char *));
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "ASAN_OPTIONS=", 13) != 0)
            env[k++] = pv_strdup(environ[i]);
#ifdef CHILD_ASAN
    const char *old = getenv("ASAN_OPTIONS");
    env[k++] = pv_asprintf("ASAN_OPTIONS=%s%sdetect_leaks=0:hard_rss_limit_mb=%d:"
                           "allocator_may_return_null=1",
                           old && *old ? old : "", old && *old ? ":" : "", memory_mb);
#else
    (void)memory_mb;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "ASAN_OPTIONS=", 13) == 0)
            env[k++] = pv_strdup(environ[i]);
#endif
    env[k] = NULL;
    return env;
}

static void strv_free(char **v)
{
    for (size_t i = 0; v && v[i]; i++)
        free(v[i]);
    free(v);
}

/* Reads the helper's stderr until it closes or the deadline passes; keeps the first
 * CHILD_STDERR_KEEP bytes. Returns false on timeout. */
static bool child_drain(int fd, double deadline, char *keep, size_t *kept)
{
    for (;;) {
        double left = deadline - now_s();
        if (left <= 0)
            return false;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int r = poll(&p, 1, (int)(left * 1000.0) + 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            continue; /* the deadline is checked above */
        char buf[4096];
        ssize_t got = read(fd, buf, sizeof(buf));
        if (got < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (got <= 0)
            return true;
        size_t room = CHILD_STDERR_KEEP - *kept;
        size_t take = (size_t)got < room ? (size_t)got : room;
        memcpy(keep + *kept, buf, take);
        *kept += take;
    }
}

/* Waits for the helper to end, killing it at the deadline. Returns its wait status;
 * *timed_out set when it was killed for time. */
static int child_wait(pid_t pid, double deadline, bool *timed_out)
{
    int status = 0;
    for (;;) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            return status;
        if (r < 0 && errno != EINTR)
            return status;
        if (now_s() >= deadline && !*timed_out) {
            *timed_out = true;
            kill(pid, SIGKILL);
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
            return status;
        }
        nanosleep(&(struct timespec){0, 2000000}, NULL);
    }
}

static bool has_text(const char *s, const char *needle)
{
    return strstr(s, needle) != NULL;
}

pv_result model_child_import(const asset_model_desc *d, asset_model **out, pv_diags *diags,
                             char *why, size_t why_n)
{
    const char *display = pv_path_display(d->path);
    int seconds = d->import_seconds > 0 ? d->import_seconds : ASSET_IMPORT_SECONDS;
    int memory_mb = d->import_memory_mb > 0 ? d->import_memory_mb : ASSET_IMPORT_MEMORY_MB;
    char *helper = helper_path();
    if (!helper) {
        snprintf(why, why_n,
                 "%s: cannot import: the model importer (pavilion-import) is not installed "
                 "beside the program",
                 display);
        return PV_ERR_IO;
    }
    pv_result r = PV_ERR_FORMAT;
    int answer = -1, errpipe[2] = {-1, -1}, answer_hi = -1, err_hi = -1;
    char **argv = NULL, **envp = NULL;
    char keep[CHILD_STDERR_KEEP + 1];
    size_t kept = 0;
    bool spawned = false, timed_out = false;
    pid_t pid = -1;
    int status = 0;

    answer = memfd_create("pavilion-import", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (answer < 0 || pipe2(errpipe, O_CLOEXEC) != 0) {
        snprintf(why, why_n, "%s: cannot import: %s", display, strerror(errno));
        r = PV_ERR_IO;
        goto done;
    }
    /* Above 3 so that dup2 onto 3 always makes a new, inheritable descriptor. */
    answer_hi = fcntl(answer, F_DUPFD_CLOEXEC, 10);
    err_hi = fcntl(errpipe[1], F_DUPFD_CLOEXEC, 10);
    if (answer_hi < 0 || err_hi < 0) {
        snprintf(why, why_n, "%s: cannot import: %s", display, strerror(errno));
        r = PV_ERR_IO;
        goto done;
    }
    argv = pv_calloc(16, sizeof(char *));
    int a = 0;
    argv[a++] = pv_strdup(helper);
    argv[a++] = pv_strdup(d->path);
    argv[a++] = pv_strdup(d->root && *d->root ? d->root : "-");
    argv[a++] = pv_asprintf("%.9g", (double)d->scale);
    for (int k = 0; k < 3; k++)
        argv[a++] = pv_asprintf("%.9g", (double)d->rotate[k]);
    argv[a++] = pv_asprintf("%d", d->max_nodes);
    argv[a++] = pv_asprintf("%d", seconds);
    argv[a++] = pv_asprintf("%d", memory_mb);
    argv[a] = NULL;
    envp = child_environment(memory_mb);

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, err_hi, 2);
    posix_spawn_file_actions_adddup2(&fa, answer_hi, CHILD_ANSWER_FD);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    /* The helper starts with default signal handling and nothing blocked. */
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    int se = posix_spawn(&pid, helper, &fa, &attr, argv, envp);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    if (se != 0) {
        snprintf(why, why_n, "%s: cannot start the model importer %s: %s", display,
                 pv_path_display(helper), strerror(se));
        r = PV_ERR_IO;
        goto done;
    }
    spawned = true;
    close(errpipe[1]);
    close(err_hi);
    errpipe[1] = err_hi = -1;

    double deadline = now_s() + seconds;
    if (!child_drain(errpipe[0], deadline, keep, &kept)) {
        timed_out = true;
        kill(pid, SIGKILL);
    }
    status = child_wait(pid, deadline, &timed_out);
    spawned = false;
    keep[kept] = 0;

    if (timed_out || (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU)) {
        snprintf(why, why_n, "%s: could not import the model: it took longer than %d s", display,
                 seconds);
        r = PV_ERR_LIMIT;
    } else if ((WIFSIGNALED(status) && WTERMSIG(status) == SIGXFSZ) ||
               has_text(keep, "out of memory") || has_text(keep, "bad_alloc") ||
               has_text(keep, "rss limit exhausted") ||
               has_text(keep, "allocation-size-too-big") ||
               has_text(keep, "requested allocation size")) {
        snprintf(why, why_n,
                 "%s: could not import the model: it ran out of the importer's %d MB memory "
                 "limit",
                 display, memory_mb);
        r = PV_ERR_LIMIT;
    } else if (has_text(keep, "Sanitizer") || has_text(keep, "runtime error:")) {
        snprintf(why, why_n,
                 "%s: could not import the model: the importer crashed (a sanitizer report)",
                 display);
    } else if (WIFSIGNALED(status)) {
        snprintf(why, why_n, "%s: could not import the model: the importer crashed (signal %d)",
                 display, WTERMSIG(status));
    } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(why, why_n,
                 "%s: could not import the model: the importer failed (exit status %d)", display,
                 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    } else {
        r = model_wire_read(answer, display, out, diags, why, why_n);
        if (r == PV_OK)
            goto done;
    }
    if (kept && r != PV_OK && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
        pv_warn("model importer for %s said:\n%s", display, keep);

done:
    if (spawned) {
        kill(pid, SIGKILL);
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
    if (answer >= 0)
        close(answer);
    if (answer_hi >= 0)
        close(answer_hi);
    if (errpipe[0] >= 0)
        close(errpipe[0]);
    if (errpipe[1] >= 0)
        close(errpipe[1]);
    if (err_hi >= 0)
        close(err_hi);
    strv_free(argv);
    strv_free(envp);
    free(helper);
    return r;
}

/* ---- the helper ---- */

/* No new sockets: the importer has no business on the network. Best effort: an older kernel
 * or a container that forbids seccomp leaves only the other limits. */
static void helper_no_network(void)
{
#if defined(__linux__) && (defined(__x86_64__) || defined(__aarch64__))
#if defined(__x86_64__)
    const unsigned arch = AUDIT_ARCH_X86_64;
#else
    const unsigned arch = AUDIT_ARCH_AARCH64;
#endif
    struct sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, arch, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_socket, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EACCES & SECCOMP_RET_DATA)),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = {.len = (unsigned short)(sizeof(filter) / sizeof(filter[0])),
                              .filter = filter};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0)
        prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
#endif
}

void asset_model_helper_limits(int seconds, int memory_mb)
{
    struct rlimit none = {0, 0};
    setrlimit(RLIMIT_CORE, &none);
    rlim_t bytes = (rlim_t)memory_mb * 1024 * 1024;
#if !defined(CHILD_ASAN) && !defined(CHILD_TSAN)
    setrlimit(RLIMIT_AS, &(struct rlimit){bytes, bytes});
#endif
    /* The answer (fd 3, a memfd) cannot outgrow the memory limit either. */
    setrlimit(RLIMIT_FSIZE, &(struct rlimit){bytes, bytes});
    setrlimit(RLIMIT_CPU, &(struct rlimit){(rlim_t)seconds, (rlim_t)seconds + 1});
    /* Only stdin, stdout, stderr and the answer stay open. */
#ifdef SYS_close_range
    if (syscall(SYS_close_range, 4u, ~0u, 0u) != 0)
#endif
        for (int fd = 4; fd < 1024; fd++)
            close(fd);
    helper_no_network();
}

int asset_model_helper_main(int argc, char **argv)
{
    if (argc != 10) {
        fprintf(stderr,
                "pavilion-import: the model importer of pavilion, started by it (not by hand)\n");
        return 2;
    }
    int seconds = atoi(argv[8]), memory_mb = atoi(argv[9]);
    if (seconds <= 0 || memory_mb <= 0)
        return 2;
    asset_model_helper_limits(seconds, memory_mb);
    pv_log_set_level(PV_LOG_ERROR);
    asset_model_desc d = {.path = argv[1],
                          .root = strcmp(argv[2], "-") ? argv[2] : NULL,
                          .scale = strtof(argv[3], NULL),
                          .rotate = {strtof(argv[4], NULL), strtof(argv[5], NULL),
                                     strtof(argv[6], NULL)},
                          .max_nodes = atoi(argv[7])};
    asset_model *m = NULL;
    pv_diags diags = {0};
    char why[1024] = "";
    pv_result r = model_import_assimp(&d, &m, &diags, why, sizeof(why));
    bool written = model_wire_write(CHILD_ANSWER_FD, r, why, &diags, m);
    /* The process ends here: freeing the model would only cost time. */
    _exit(written ? 0 : 3);
}
