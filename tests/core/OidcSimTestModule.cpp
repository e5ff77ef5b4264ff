#define BOOST_TEST_MODULE OidcSim
#include <boost/test/unit_test.hpp>
