// Carrier translation unit for the precompiled LibTorch header (see torch_pch.h).
#include "core/common/pch/torch_pch.h"
