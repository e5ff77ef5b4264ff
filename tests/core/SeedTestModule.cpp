#define BOOST_TEST_MODULE Seed
#include <boost/test/unit_test.hpp>
