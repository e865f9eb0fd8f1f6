// SPDX-License-Identifier: GPL-2.0
/* The console ring code shared with the LWK and the unit tests. */
#include "../common/kmsg_ring.c"
