/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ihkconfig's commands. Each gets its one argument (NULL if it takes none),
 * prints its own messages and returns the exit status.
 */
#ifndef IHK_IHKCONFIG_H
#define IHK_IHKCONFIG_H

int config_reserve_cpu(const char *list);
int config_release_cpu(const char *list);
int config_query_cpu(const char *unused);

int config_reserve_mem(const char *spec);
int config_release_mem(const char *spec);
int config_query_mem(const char *unused);

int config_create(const char *unused);
int config_destroy(const char *index);
int config_list(const char *unused);

int config_topology(const char *unused);

#endif /* IHK_IHKCONFIG_H */
