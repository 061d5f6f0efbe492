// TrainingControl's implementation, shared by the facades that run jobs (training.cpp, the MiLP
// search): it wraps core/train's CancelToken. Torch-free, but internal to core/api.
#pragma once

#include "core/api/training.h"
#include "core/common/cancel_token.h"

namespace persona::api {

struct TrainingControl::Impl {
    CancelToken token;
};

// The control's token, or null without a control.
inline CancelToken* cancelTokenOf(TrainingControl* control)
{
    return control ? &control->impl().token : nullptr;
}

} // namespace persona::api
