#pragma once
#include "screens/DirectoryScreen.h"

namespace kiosk::ui {

// Xây dựng: first the ward's building and housing procedures (building permits and the like,
// from the national catalogue: app/directory/ProcedureScope.h), then the city's datasets of
// housing projects and broker certificates, which appear once the city provides them. Invented
// example rows only in a development config ([kiosk] sample_data), labelled as such.
class ConstructionScreen : public DirectoryScreen {
public:
    ConstructionScreen(wxWindow* parent, const ScreenContext& context);

private:
    static wxWindow* makeProceduresPanel(wxWindow* body, int width, const ScreenContext& context);
};

}  // namespace kiosk::ui
