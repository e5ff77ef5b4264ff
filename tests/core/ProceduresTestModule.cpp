#define BOOST_TEST_MODULE Procedures
#include <boost/test/unit_test.hpp>
