#define BOOST_TEST_MODULE Printing
#include <boost/test/unit_test.hpp>
