#define BOOST_TEST_MODULE Domain
#include <boost/test/unit_test.hpp>
