#define BOOST_TEST_MODULE Scan
#include <boost/test/unit_test.hpp>
