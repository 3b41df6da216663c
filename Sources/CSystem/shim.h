#include <sys/prctl.h>

/* prctl(2) is variadic, which Swift cannot call: one wrapper per use. */

/* Makes the calling process a child subreaper: orphans among its descendants
   are re-parented to it instead of init, so they stay findable and it reaps them. */
static inline int intake_become_child_subreaper(void) {
    return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
}
