// SPDX-License-Identifier: GPL-2.0
/* Runs every unit suite; each test_*.c contributes one *_suite(). */
#include <check.h>
#include <stdlib.h>

Suite *cpulist_suite(void);
Suite *size_suite(void);
Suite *memspec_suite(void);
Suite *elf_check_suite(void);
Suite *kmsg_ring_suite(void);
Suite *ikc_ring_suite(void);
Suite *lwk_format_suite(void);
Suite *lwk_page_alloc_suite(void);
Suite *lwk_ikc_suite(void);
Suite *ikc_map_suite(void);
Suite *stats_suite(void);
Suite *elf_exec_suite(void);
Suite *user_stack_suite(void);
Suite *lwk_syscalls_suite(void);
Suite *lwk_vm_range_suite(void);
Suite *lwk_clock_suite(void);
Suite *lwk_acct_suite(void);
Suite *lwk_signals_suite(void);
Suite *prog_path_suite(void);
Suite *fd_guard_suite(void);
Suite *offload_check_suite(void);
Suite *ps_table_suite(void);
Suite *futex_suite(void);
Suite *futex_pi_suite(void);
Suite *futex_stress_suite(void);

int main(void)
{
	SRunner *sr = srunner_create(cpulist_suite());
	int failed;

	srunner_add_suite(sr, size_suite());
	srunner_add_suite(sr, memspec_suite());
	srunner_add_suite(sr, elf_check_suite());
	srunner_add_suite(sr, kmsg_ring_suite());
	srunner_add_suite(sr, ikc_ring_suite());
	srunner_add_suite(sr, lwk_format_suite());
	srunner_add_suite(sr, lwk_page_alloc_suite());
	srunner_add_suite(sr, lwk_ikc_suite());
	srunner_add_suite(sr, ikc_map_suite());
	srunner_add_suite(sr, stats_suite());
	srunner_add_suite(sr, elf_exec_suite());
	srunner_add_suite(sr, user_stack_suite());
	srunner_add_suite(sr, lwk_syscalls_suite());
	srunner_add_suite(sr, lwk_vm_range_suite());
	srunner_add_suite(sr, lwk_clock_suite());
	srunner_add_suite(sr, lwk_acct_suite());
	srunner_add_suite(sr, lwk_signals_suite());
	srunner_add_suite(sr, prog_path_suite());
	srunner_add_suite(sr, fd_guard_suite());
	srunner_add_suite(sr, offload_check_suite());
	srunner_add_suite(sr, ps_table_suite());
	srunner_add_suite(sr, futex_suite());
	srunner_add_suite(sr, futex_pi_suite());
	srunner_add_suite(sr, futex_stress_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
