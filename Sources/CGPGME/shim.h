#include <gpgme.h>

/* gpg_err_code is an inline function of libgpg-error Swift may not see as one; the code of an error value. */
static inline unsigned int cgpgme_err_code(gpgme_error_t err) {
    return (unsigned int)gpgme_err_code(err);
}

/* gpgme_check_version is a macro: GPGME must be initialised once before any context is made. */
static inline const char *cgpgme_check_version(void) {
    return gpgme_check_version(NULL);
}
