/* Placeholder: implemented in the loader commit. */
#include "auth_loader.h"
