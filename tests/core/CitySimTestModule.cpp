#define BOOST_TEST_MODULE CitySim
#include <boost/test/unit_test.hpp>
