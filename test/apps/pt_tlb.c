// SPDX-License-Identifier: GPL-2.0
/*
 * pt_tlb: a thread keeps storing to a page while the main thread takes
 * the page away (mprotect PROT_READ, or munmap). Once the call returns,
 * no CPU may still store there: the worker must die by SIGSEGV, as under
 * Linux. A worker on another CPU whose TLB was not shot down keeps
 * storing, and the program says so and exits 1.
 *
 * usage: pt_tlb protect|unmap
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "pt.h"

static volatile unsigned long *page;
static atomic_ulong stores;

static void *writer(void *arg)
{
	(void)arg;
	for (;;) {
		page[0]++;
		atomic_fetch_add_explicit(&stores, 1, memory_order_relaxed);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	struct timespec pause = { 0, 200 * 1000 * 1000 };
	unsigned long before, after;
	pthread_t t;
	int unmap;

	pt_watchdog("pt_tlb", 30);
	if (argc != 2 || (strcmp(argv[1], "protect") && strcmp(argv[1], "unmap"))) {
		fprintf(stderr, "usage: pt_tlb protect|unmap\n");
		return 2;
	}
	unmap = !strcmp(argv[1], "unmap");
	setvbuf(stdout, NULL, _IONBF, 0);
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		pt_die("mmap", 12);
	pt_start(&t, writer, NULL);
	while (atomic_load(&stores) < 1000)
		;
	printf("writer runs\n");
	if (unmap ? munmap((void *)page, 4096) : mprotect((void *)page, 4096, PROT_READ))
		pt_die(unmap ? "munmap" : "mprotect", 22);
	before = atomic_load(&stores);
	nanosleep(&pause, NULL);
	after = atomic_load(&stores);
	/* Only a stale TLB entry lets the writer get here. */
	printf("stale TLB: %lu stores after %s\n", after - before, argv[1]);
	return 1;
}
