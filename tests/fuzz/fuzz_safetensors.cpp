// safetensors: the 8-byte header length, the header JSON (dtypes, shapes, offsets, __metadata__),
// offsets against the file size, then each tensor's float32 values.
#include "fuzz_util.h"

#include "core/io/safetensors_file.h"

using namespace persona;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string path = fuzz::writeFile(fuzz::scratch() / "model.safetensors", fuzz::view(data, size));
    fuzz::acceptingPersonaErrors([&] {
        const auto file = io::openSafetensors(path);
        fuzz::readTensors(*file);
    });
    return 0;
}
