#include "core/io/tensor_source.h"

namespace persona::io {

std::int64_t TensorInfo::numel() const
{
    std::int64_t n = 1;
    for (auto d : shape)
        n *= d;
    return n;
}

} // namespace persona::io
