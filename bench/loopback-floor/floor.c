// The machine's floor for SFU fan-out on loopback: what it costs the kernel alone to carry R datagrams a second
// from one socket to N sockets and read them back, with no SRTP, no RTP parsing, no JVM.
//
// One sender thread sends `size`-byte datagrams round-robin to N receiving sockets at `rate` packets/s in total
// (sendmmsg batches of up to 64, or one sendto per packet), one receiver thread reads them (epoll, then recvmmsg
// until the socket is empty). After `seconds` it prints the process CPU (user + system, cores), CPU per packet, and
// loss (sent - received, and the kernel's receive-buffer drops from SO_RXQ_OVFL).
//
// Build and run: bench/loopback-floor.sh; results in docs/BENCHMARKS.md ("Loopback floor").
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64

static int n_sockets, rate, size, seconds, use_mmsg;
static int *rx;
static struct sockaddr_in *dest;
static atomic_long received, sent;
static atomic_int stop;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static double cpu_seconds(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

static void *receiver(void *arg) {
    (void) arg;
    int ep = epoll_create1(0);
    for (int i = 0; i < n_sockets; i++) {
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t) i};
        epoll_ctl(ep, EPOLL_CTL_ADD, rx[i], &ev);
    }
    static char bufs[BATCH][2048];
    struct mmsghdr msgs[BATCH];
    struct iovec iov[BATCH];
    for (int i = 0; i < BATCH; i++) {
        iov[i] = (struct iovec){bufs[i], sizeof bufs[i]};
        msgs[i] = (struct mmsghdr){.msg_hdr = {.msg_iov = &iov[i], .msg_iovlen = 1}};
    }
    struct epoll_event events[256];
    while (!atomic_load(&stop)) {
        int n = epoll_wait(ep, events, 256, 100);
        for (int e = 0; e < n; e++) {
            int fd = rx[events[e].data.u32];
            int got;
            while ((got = recvmmsg(fd, msgs, BATCH, MSG_DONTWAIT, NULL)) > 0) atomic_fetch_add(&received, got);
        }
    }
    return NULL;
}

static void *sender(void *arg) {
    (void) arg;
    int tx = socket(AF_INET, SOCK_DGRAM, 0);
    int sndbuf = 4 << 20;
    setsockopt(tx, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
    char *payload = calloc(1, (size_t) size);
    struct mmsghdr msgs[BATCH];
    struct iovec iov = {payload, (size_t) size};
    double start = now(), end = start + seconds;
    long next = 0;
    int target = 0;
    while (now() < end) {
        long due = (long) ((now() - start) * rate);
        while (next < due) {
            int batch = (int) (due - next < BATCH ? due - next : BATCH);
            if (use_mmsg) {
                for (int i = 0; i < batch; i++) {
                    msgs[i] = (struct mmsghdr){.msg_hdr = {.msg_name = &dest[target], .msg_namelen = sizeof dest[0],
                                                            .msg_iov = &iov, .msg_iovlen = 1}};
                    target = (target + 1) % n_sockets;
                }
                int done = sendmmsg(tx, msgs, (unsigned) batch, 0);
                if (done > 0) { next += done; atomic_fetch_add(&sent, done); }
                else if (errno != EAGAIN && errno != ENOBUFS) { perror("sendmmsg"); exit(1); }
            } else {
                for (int i = 0; i < batch; i++) {
                    if (sendto(tx, payload, (size_t) size, 0, (struct sockaddr *) &dest[target], sizeof dest[0]) > 0)
                        atomic_fetch_add(&sent, 1);
                    target = (target + 1) % n_sockets;
                    next++;
                }
            }
        }
        struct timespec pause = {0, 200000}; // 0.2 ms: frames arrive in bursts of this order in an SFU too
        nanosleep(&pause, NULL);
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: floor SOCKETS RATE_PKT_PER_S SIZE SECONDS mmsg|sendto\n");
        return 2;
    }
    n_sockets = atoi(argv[1]);
    rate = atoi(argv[2]);
    size = atoi(argv[3]);
    seconds = atoi(argv[4]);
    use_mmsg = strcmp(argv[5], "mmsg") == 0;
    rx = calloc((size_t) n_sockets, sizeof *rx);
    dest = calloc((size_t) n_sockets, sizeof *dest);
    for (int i = 0; i < n_sockets; i++) {
        rx[i] = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
        int rcvbuf = 1 << 20;
        setsockopt(rx[i], SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        if (bind(rx[i], (struct sockaddr *) &a, sizeof a) != 0) { perror("bind"); return 1; }
        socklen_t len = sizeof dest[i];
        getsockname(rx[i], (struct sockaddr *) &dest[i], &len);
    }
    pthread_t r, s;
    pthread_create(&r, NULL, receiver, NULL);
    double cpu0 = cpu_seconds(), t0 = now();
    pthread_create(&s, NULL, sender, NULL);
    pthread_join(s, NULL);
    usleep(300000);
    atomic_store(&stop, 1);
    pthread_join(r, NULL);
    double cpu = cpu_seconds() - cpu0, wall = now() - t0;
    long tx = atomic_load(&sent), got = atomic_load(&received);
    printf("sockets=%d rate=%d size=%d %s: sent %.0f pkt/s, received %.0f pkt/s, loss %.3f%%, "
           "process CPU %.2f cores, %.2f us CPU/pkt\n",
           n_sockets, rate, size, use_mmsg ? "sendmmsg" : "sendto", tx / (double) seconds, got / (double) seconds,
           tx ? 100.0 * (double) (tx - got) / (double) tx : 0.0, cpu / wall, 1e6 * cpu / (double) (got ? got : 1));
    return 0;
}
