// `persona runs import`: an exported run (JSON) read with the export file's checks and imported
// into a real store; a successful import is deleted again so the store stays small.
#include "fuzz_util.h"

#include "core/store/run_export.h"

using namespace persona;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static store::Store st(fuzz::scratch() / "store.sqlite");
    const std::string path = fuzz::writeFile(fuzz::scratch() / "run.json", fuzz::view(data, size));
    fuzz::acceptingPersonaErrors([&] {
        const auto doc = store::readRunExportFile(path);
        const auto id = store::importRunJson(st, doc, path);
        (void)store::exportRunJson(st, id);
        st.deleteRun(id);
    });
    return 0;
}
