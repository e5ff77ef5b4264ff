#include "domain/FeatureCatalog.h"

#include <algorithm>
#include <stdexcept>

#include "i18n/Gettext.h"

namespace kiosk {

const std::vector<FeatureGroupInfo>& FeatureCatalog::all() {
    static const std::vector<FeatureGroupInfo> groups{
        {GroupId::Feedback, N_("Feedback and complaints"),
         N_("Report a problem in your neighbourhood to the city's 1022 system and follow it until it is resolved."),
         {N_("Report flooding, broken roads, rubbish, noise, unsafe buildings and other problems"),
          N_("Send a proposal or a complaint to the city government"),
          N_("Follow what the city does about your report until it is resolved")},
         {N_("Call the 1022 switchboard, day and night"),
          N_("Use the 1022 switchboard app or the portal 1022.tphcm.gov.vn"),
          N_("Tell the reception desk of this ward office; staff will record it for you")},
         "group-feedback"},
        {GroupId::Education, N_("Education"),
         N_("Schools of the city by level: kindergarten, primary, lower and upper secondary, continuing education and vocational."),
         {N_("Find schools near where you live, by level and by ward"),
          N_("See a school's address, phone number and website")},
         {N_("Ask the ward's reception desk which schools serve your address"),
          N_("Call 1022 for information about schools and enrolment")},
         "group-education"},
        {GroupId::Health, N_("Health"),
         N_("Hospitals, clinics and other health facilities of the city, with their address and operating license."),
         {N_("Find a hospital or clinic near you"),
          N_("Check that a facility holds an operating license from the health department")},
         {N_("In an emergency call 115 for an ambulance"),
          N_("Call 1022 to ask about health facilities")},
         "group-health"},
        {GroupId::Tourism, N_("Tourism and news"),
         N_("Festivals, events and tourism news of Ho Chi Minh City, and 360-degree tours of its sights."),
         {N_("See the festivals and events of the coming weeks"),
          N_("Discover heritage sites, museums and places to visit")},
         {N_("Ask the ward's culture officer about local events"),
          N_("Call 1022 for information about city events")},
         "group-tourism"},
        {GroupId::Transport, N_("Transport"),
         N_("Bus routes and stops of the city, and the apps for live bus and traffic information."),
         {N_("Find the bus routes that stop near you"),
          N_("Open the Go!Bus app for live bus arrivals, and the traffic-information app")},
         {N_("Install the Go!Bus app on your phone for live bus times"),
          N_("Call 1022 for information about bus routes")},
         "group-transport"},
        {GroupId::Construction, N_("Construction"),
         N_("Housing projects, real-estate practice certificates and licensed brokers."),
         {N_("Check a housing project's developer, status and location"),
          N_("Check that a real-estate broker holds a valid practice certificate")},
         {N_("Ask the ward's reception desk about building permits"),
          N_("Call 1022 for information about housing projects")},
         "group-construction"},
        {GroupId::Agencies, N_("State agencies"),
         N_("Emergency numbers, the city's 1022 switchboard and the agencies that serve where you live."),
         {N_("Emergency numbers for police, fire and ambulance"),
          N_("Hotlines and contacts of the agencies of your ward")},
         {N_("Call the numbers on this screen from any phone; emergency numbers are free of charge")},
         "group-agencies"},
        {GroupId::PublicServices, N_("Public services"),
         N_("Administrative procedures of the ward, the status of your dossier, your personal dossiers and service rating."),
         {N_("Look up what a procedure needs: documents, fees, processing time"),
          N_("Check the status of a dossier you have submitted"),
          N_("Rate the service you received")},
         {N_("Submit and collect dossiers at the reception desk of this ward office"),
          N_("Submit online at dichvucong.gov.vn with your VNeID account"),
          N_("Call 1022 to ask about a procedure")},
         "group-public_services"},
        {GroupId::Map, N_("Map"),
         N_("A map of the city: find a place, see where you are and get directions."),
         {N_("Find an address, an office or a public place"),
          N_("See where this kiosk is and how to get there")},
         {N_("Ask the reception desk for directions"),
          N_("Call 1022 to find the office that handles your matter")},
         "group-map"},
        {GroupId::Account, N_("General account"),
         N_("Your account, rating and feedback on this kiosk, reporting a fault, and the user guide."),
         {N_("Rate this kiosk and tell us how to improve it"),
          N_("Report a fault of this kiosk"),
          N_("Read the user guide")},
         {N_("Tell the staff at the reception desk if the kiosk is not working"),
          N_("Call 1022 to give feedback on the city's services")},
         "group-account"},
        {GroupId::Vneid, N_("VNeID"),
         N_("Log in once with your national electronic identity by scanning a QR code with the VNeID app."),
         {N_("Log in without typing: scan the code on the screen with VNeID on your phone"),
          N_("See your own reports and dossiers after logging in")},
         {N_("Install the VNeID app and activate your account at the ward police station"),
          N_("Ask the reception desk for help with VNeID")},
         "group-vneid"},
        {GroupId::News, N_("Notifications, news and surveys"),
         N_("Notifications and news of the city, emergency alerts, and surveys that ask your opinion."),
         {N_("Read the city's news and announcements"),
          N_("See emergency alerts: storms, flooding, outages"),
          N_("Give your opinion in the city's surveys")},
         {N_("Read the notice board of this ward office"),
          N_("Call 1022 for the latest announcements")},
         "group-news"},
        {GroupId::MyServices, N_("My services"),
         N_("The services you use most, in one place."),
         {},
         {},
         "group-my_services"},
    };
    return groups;
}

const FeatureGroupInfo& FeatureCatalog::get(GroupId id) {
    for (const auto& group : all())
        if (group.id == id) return group;
    throw std::out_of_range("unknown feature group");
}

std::vector<GroupId> FeatureCatalog::commonlyUsed(const std::vector<GroupId>& enabled) {
    std::vector<GroupId> out;
    for (const GroupId id : {GroupId::Feedback, GroupId::PublicServices, GroupId::Health, GroupId::Agencies})
        if (std::find(enabled.begin(), enabled.end(), id) != enabled.end()) out.push_back(id);
    return out;
}

}  // namespace kiosk
