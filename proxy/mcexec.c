// SPDX-License-Identifier: GPL-2.0
/* Placeholder until the proxy lands: refuses to run anything. */
#include <stdio.h>

int main(void)
{
	fprintf(stderr, "mcexec: not built yet\n");
	return 1;
}
