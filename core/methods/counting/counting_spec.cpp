// Counting in the method registry: no decoder, nothing to train, genre answers only.
#include "core/methods/counting/counting_method.h"
#include "core/methods/method_spec.h"

namespace persona::methods {

const MethodSpec& countingSpec()
{
    static const MethodSpec spec{
        .name = "counting",
        .family = "counting",
        .title = "Counting",
        .input = InputKind::CountsOnly,
        .trains = false,
        .nextItem = false,
        .sections = {},
        .create = [](BuildContext& c) -> std::unique_ptr<Method> { return std::make_unique<CountingMethod>(c.dataset); },
    };
    return spec;
}

} // namespace persona::methods
