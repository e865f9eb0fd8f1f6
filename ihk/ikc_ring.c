// SPDX-License-Identifier: GPL-2.0
/* The IKC ring code shared with the LWK and the unit tests. */
#include "../common/ikc_ring.c"
