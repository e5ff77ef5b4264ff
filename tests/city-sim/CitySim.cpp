// city-sim: a stand-in for the city's services, on loopback only, so the kiosk can be run and
// tested end to end on a machine with no access to the city. It grows with the kiosk: later
// issues add the datasets, Open311 (1022), the VNeID device flow and dossier status here.
#include <httplib.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>

#include "net/Url.h"

namespace {
httplib::Server* gServer = nullptr;

void stopOnSignal(int) {
    if (gServer) gServer->stop();
}
}  // namespace

int main(int argc, char** argv) {
    CLI::App cli{"city-sim: the city's services simulated on loopback, for development and tests"};
    std::string host = "127.0.0.1";
    int port = 8787;
    cli.add_option("--host", host, "Address to listen on (loopback only)");
    cli.add_option("--port", port, "Port to listen on")->check(CLI::Range(1, 65535));
    CLI11_PARSE(cli, argc, argv);
    if (!kiosk::isLoopbackHost(host)) {
        std::cerr << "city-sim: refusing to listen on " << host << ": only loopback addresses are allowed\n";
        return 64;
    }

    httplib::Server server;
    server.Get("/health", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(R"({"status":"ok","service":"city-sim"})", "application/json");
    });
    server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
        std::cerr << "city-sim: " << req.method << " " << req.path << " -> " << res.status << "\n";
    });
    gServer = &server;
    std::signal(SIGINT, stopOnSignal);
    std::signal(SIGTERM, stopOnSignal);
    if (!server.bind_to_port(host, port)) {
        std::cerr << "city-sim: cannot listen on " << host << ":" << port << " (in use?)\n";
        return 69;
    }
    std::cerr << "city-sim: listening on http://" << host << ":" << port << "\n";
    server.listen_after_bind();
    return 0;
}
