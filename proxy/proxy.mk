# Included by the top-level Makefile: builds mcexec (proxy/), a PIE so that
# Linux places all of it above the LWK process's range (include/ihk/mcexec.h;
# proxy/layout.c handles the layouts that would not).
# A thread per LWK thread (proxy/serve.c): linked with -pthread.
# It opens instances through libihk (userspace/libihk.c, compiled here as
# PIE too rather than taken from libihk.a, whose objects are not).

MCEXEC		:= $(BUILD)/proxy/mcexec
MCEXEC_SRCS	:= $(wildcard proxy/*.c) common/elf_exec.c common/user_stack.c \
		   common/size.c userspace/libihk.c
MCEXEC_OBJS	:= $(patsubst %.c,$(BUILD)/proxy/%.o,$(MCEXEC_SRCS))

$(BUILD)/proxy/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -pthread -fPIE -MMD -MP -c -o $@ $<

$(MCEXEC): $(MCEXEC_OBJS)
	$(CC) $(CFLAGS) -pthread -pie -o $@ $^

-include $(MCEXEC_OBJS:.o=.d)
