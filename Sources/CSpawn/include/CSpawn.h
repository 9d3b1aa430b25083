// glibc's posix_spawn extensions that Swift's Glibc module does not show (they need _GNU_SOURCE):
// the AI modules' process runner (Sources/AIModules/ProcessModule.swift) uses them.
#ifndef CSPAWN_H
#define CSPAWN_H
#include <spawn.h>

/// posix_spawn_file_actions_addclosefrom_np (glibc ≥ 2.34): the child closes every descriptor ≥ lowfd
/// (after the earlier dup2 actions), so it inherits only stdin, stdout and stderr.
/// Returns 0, or an errno value (ENOSYS on an older C library).
int cspawn_addclosefrom(posix_spawn_file_actions_t *actions, int lowfd);

#endif
